package dev.pyro.bench;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * {@link BenchService} as a Java RMI remote interface.
 */
public interface RmiBenchService extends Remote {

    /**
     * See {@link BenchService#add}.
     *
     * @param a first addend
     * @param b second addend
     * @return the sum
     * @throws RemoteException on a transport failure
     */
    int add(int a, int b) throws RemoteException;

    /**
     * See {@link BenchService#echo}.
     *
     * @param s any string
     * @return the same string
     * @throws RemoteException on a transport failure
     */
    String echo(String s) throws RemoteException;

    /**
     * See {@link BenchService#roundtrip}.
     *
     * @param p any value
     * @return {@code p.next()}
     * @throws RemoteException on a transport failure
     */
    Pojo roundtrip(Pojo p) throws RemoteException;

    /**
     * See {@link BenchService#sink}.
     *
     * @param data any bytes
     * @return the length
     * @throws RemoteException on a transport failure
     */
    int sink(byte[] data) throws RemoteException;
}
